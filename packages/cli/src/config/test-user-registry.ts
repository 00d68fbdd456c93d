// Local registry of test users (test-users.json, 0600): MP shows a test user's password once, at creation,
// so cobro keeps it (encrypted) with the role and dates. MP allows 10 active test users per account and
// deletes one after 60 days without activity.
import { decrypt, encrypt } from './secrets.ts';
import { homeFile, readJsonFile, writeJsonFile } from './files.ts';

export const TEST_USER_LIMIT = 10;
export const TEST_USER_IDLE_DAYS = 60;
/** Warn this many days before MP's 60-day idle deletion. */
export const IDLE_WARNING_DAYS = 50;

export type TestUserRole = 'buyer' | 'seller';

export interface TestUserEntry {
  id: number;
  nickname: string;
  email: string;
  /** Encrypted. */
  password: string;
  role: TestUserRole;
  site: string;
  description?: string;
  /** The profile (and its account) that created it. */
  profile: string;
  owner_id?: number;
  created: string;
  last_used: string;
}

const file = () => homeFile('test-users.json');

export function loadTestUsers(): TestUserEntry[] {
  return readJsonFile<{ users: TestUserEntry[] }>(file(), { users: [] }).users ?? [];
}

export function saveTestUsers(users: TestUserEntry[]): void {
  writeJsonFile(file(), { users });
}

export function addTestUser(entry: Omit<TestUserEntry, 'password'> & { password: string }): TestUserEntry {
  const stored = { ...entry, password: encrypt(entry.password) };
  saveTestUsers([...loadTestUsers().filter((u) => u.id !== entry.id), stored]);
  return stored;
}

/** Record activity through cobro (MP's idle clock restarts when the user does something). */
export function touchTestUser(id: number, when = new Date()): void {
  const users = loadTestUsers();
  const u = users.find((x) => x.id === id);
  if (!u) return;
  u.last_used = when.toISOString();
  saveTestUsers(users);
}

export function idleDays(u: TestUserEntry, now = Date.now()): number {
  return Math.floor((now - Date.parse(u.last_used)) / 86_400_000);
}

export function revealPassword(u: TestUserEntry): string {
  return decrypt(u.password);
}
