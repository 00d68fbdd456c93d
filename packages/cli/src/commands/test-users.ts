// `cobro test-users create|list|forget`: MP test users with a local registry, since MP shows the password
// only once. Warns at MP's 10-user limit and for users idle close to MP's 60-day deletion.
import { BadRequestError, isSiteId, SITES, type SiteId } from '@cobro/client';
import { Command, Option } from 'commander';
import { checkProfileName } from '../config/profiles.ts';
import {
  addTestUser, idleDays, IDLE_WARNING_DAYS, loadTestUsers, revealPassword, saveTestUsers, TEST_USER_IDLE_DAYS, TEST_USER_LIMIT,
  type TestUserEntry, type TestUserRole,
} from '../config/test-user-registry.ts';
import { apiContext, type CommonOptions } from '../context.ts';
import { CliError, usageError } from '../errors.ts';
import { hint, mark, printJson, printLine, table } from '../output.ts';
import { action, withCommon } from '../run.ts';

const profileName = (o: CommonOptions) => checkProfileName(o.profile ?? process.env.COBRO_PROFILE ?? 'default');

export function idleWarnings(users: TestUserEntry[], now = Date.now()): string[] {
  const out: string[] = [];
  for (const u of users) {
    const d = idleDays(u, now);
    if (d >= TEST_USER_IDLE_DAYS) out.push(`${u.nickname} (${u.id}) has been idle ${d} days: MP has probably deleted it; \`cobro test-users forget ${u.id}\` and create another`);
    else if (d >= IDLE_WARNING_DAYS) out.push(`${u.nickname} (${u.id}) has been idle ${d} days: MP deletes test users after ${TEST_USER_IDLE_DAYS} idle days; use it (log in, pay) to keep it`);
  }
  return out;
}

function limitWarning(count: number): string | undefined {
  if (count >= TEST_USER_LIMIT) return `this profile has ${count} test users: MP allows ${TEST_USER_LIMIT} active per account; reuse them (\`cobro test-users list\`) or let idle ones expire`;
  return undefined;
}

function createCmd(): Command {
  return withCommon(new Command('create'))
    .description('create a test user and keep its credentials in the local registry')
    .option('--site <site>', `site: ${Object.keys(SITES).join(', ')} (default: the profile's)`)
    .addOption(new Option('--role <role>', 'what you will use it for').choices(['buyer', 'seller']).makeOptionMandatory())
    .option('--description <text>', 'a note stored with the user (sent to MP)')
    .action(action(async (opts: CommonOptions & { site?: string; role: TestUserRole; description?: string }) => {
      const ctx = apiContext(opts);
      const site = (opts.site ?? ctx.profile.effective.site ?? '').toUpperCase();
      if (!site) throw usageError('no site: pass --site', `one of ${Object.keys(SITES).join(', ')}`);
      if (!isSiteId(site)) throw usageError(`unknown site "${site}"`, `use one of ${Object.keys(SITES).join(', ')}`);
      const name = ctx.profile.name;
      const mine = loadTestUsers().filter((u) => u.profile === name);
      const warnings: string[] = [];
      const before = limitWarning(mine.length);
      if (before) warnings.push(before);
      let created;
      try {
        created = await ctx.client.testUsers.create({ site_id: site as SiteId, description: opts.description });
      } catch (err) {
        if (err instanceof BadRequestError && err.code === 'test_user_limit_reached') {
          throw new CliError(`MP refused: this account already has ${TEST_USER_LIMIT} active test users`, 'reuse one from `cobro test-users list`, or wait until an idle one expires (60 days)', 1, err.code);
        }
        throw err;
      }
      const now = new Date().toISOString();
      addTestUser({
        id: created.id, nickname: created.nickname, email: created.email, password: created.password, role: opts.role, site,
        description: opts.description, profile: name, created: now, last_used: now,
      });
      const after = limitWarning(mine.length + 1);
      if (after && !before) warnings.push(after);
      const shown = { id: created.id, nickname: created.nickname, email: created.email, password: created.password, role: opts.role, site };
      if (opts.json) return printJson({ ok: true, test_user: shown, count: mine.length + 1, limit: TEST_USER_LIMIT, warnings });
      printLine(`${mark.ok} test ${opts.role} ${created.nickname} (id ${created.id}, ${site})`);
      hint(`  email     ${created.email}\n  password  ${created.password}   (kept in the registry: \`cobro test-users list --show-passwords\`)`);
      for (const w of warnings) hint(`${mark.warn} ${w}`);
    }));
}

function listCmd(): Command {
  return withCommon(new Command('list'))
    .description('the test users in the local registry, with idle warnings')
    .option('--all', 'every profile\'s test users')
    .option('--show-passwords', 'print the passwords')
    .action(action(async (opts: CommonOptions & { all?: boolean; showPasswords?: boolean }) => {
      const name = profileName(opts);
      const users = loadTestUsers().filter((u) => opts.all || u.profile === name);
      const warnings = idleWarnings(users);
      const limit = limitWarning(users.length);
      if (limit && !opts.all) warnings.unshift(limit);
      const rows = users.map((u) => ({
        id: u.id, nickname: u.nickname, email: u.email, role: u.role, site: u.site, profile: u.profile, created: u.created,
        last_used: u.last_used, idle_days: idleDays(u), ...(opts.showPasswords ? { password: revealPassword(u) } : {}),
      }));
      if (opts.json) return printJson({ users: rows, count: users.length, limit: TEST_USER_LIMIT, warnings });
      if (rows.length === 0) return hint('no test users yet: `cobro test-users create --role seller` (and one with --role buyer)');
      const cols = ['id', 'nickname', 'role', 'site', 'email', 'last_used', 'idle_days', ...(opts.all ? ['profile'] : []), ...(opts.showPasswords ? ['password'] : [])];
      printLine(table(rows, cols));
      printLine(`${users.length} of ${TEST_USER_LIMIT}`);
      for (const w of warnings) hint(`${mark.warn} ${w}`);
    }));
}

function forgetCmd(): Command {
  return withCommon(new Command('forget'))
    .description('remove a test user from the local registry (MP keeps it until it is idle 60 days)')
    .argument('<user>', 'test user id or nickname')
    .action(action(async (user: string, opts: CommonOptions) => {
      const users = loadTestUsers();
      const hit = users.find((u) => String(u.id) === user || u.nickname.toLowerCase() === user.toLowerCase());
      if (!hit) throw usageError(`no test user "${user}" in the registry`, 'see `cobro test-users list --all`');
      saveTestUsers(users.filter((u) => u !== hit));
      if (opts.json) return printJson({ ok: true, forgotten: { id: hit.id, nickname: hit.nickname } });
      printLine(`${mark.ok} forgot ${hit.nickname} (${hit.id})`);
    }));
}

export function testUsersCommand(): Command {
  return new Command('test-users')
    .description('create, list and forget MP test users (a local registry keeps their passwords)')
    .addCommand(createCmd()).addCommand(listCmd()).addCommand(forgetCmd());
}
