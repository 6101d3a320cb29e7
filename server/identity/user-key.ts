/**
 * A Salus or partner user as the connect service knows them: the connect token's issuer plus its
 * subject. Two issuers may use the same subject for different people, so both are always kept.
 */
export interface UserKey {
  iss: string;
  sub: string;
}

export function sameUser(a: UserKey, b: UserKey): boolean {
  return a.iss === b.iss && a.sub === b.sub;
}

/** A stable string form, used where a single value is needed (additional authenticated data, logs). */
export function userKeyString(user: UserKey): string {
  return JSON.stringify([user.iss, user.sub]);
}
