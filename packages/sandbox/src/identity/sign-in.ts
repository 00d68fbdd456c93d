// Signing in on the sandbox's consent page: the account by e-mail or nickname and its password, and a test
// user must still be active (idle past `testUserIdleDays` it has expired). Signing in is activity.
import type { SandboxState } from '../state.ts';
import type { Account } from '../model.ts';
import { findAccountByLogin, refreshTestUserStatus } from './accounts.ts';

export type SignIn = { account: Account } | { error: 'invalid_credentials' | 'expired_test_user'; message: string };

export function signIn(state: SandboxState, login: string, password: string): SignIn {
  const user = findAccountByLogin(state, login);
  if (!user || user.status === 'deleted' || user.password !== password) {
    return { error: 'invalid_credentials', message: 'E-mail, usuario o contraseña incorrectos.' };
  }
  if (refreshTestUserStatus(state, user) !== 'active') {
    return { error: 'expired_test_user', message: 'Esta cuenta de prueba expiró por inactividad.' };
  }
  user.lastActivity = state.now();
  return { account: user };
}
