// Shapes shared by several resources: MP's paged search envelope and the open string unions.

/** A string-literal union that still accepts values MP adds later (`'created' | … | (string & {})`). */
export type Open<T extends string> = T | (string & {});

/** `paging` of the classic searches (stores, POS, payments). */
export interface Paging {
  total: number;
  offset: number;
  limit: number;
}

/** `{paging, results}`: stores, POS and payments search responses. */
export interface SearchPage<T> {
  paging: Paging;
  results: T[];
}

/** offset/limit of a search request. */
export interface PageParams {
  offset?: number;
  limit?: number;
}
