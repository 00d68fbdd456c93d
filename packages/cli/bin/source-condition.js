// Resolve workspace packages to their TypeScript sources (the `@cobro/source` export condition), so the CLI
// runs from a clean clone without building @cobro/client first.
export async function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, '@cobro/source'] });
}
