// Offset pagination shared by the `*All()` iterators: fetch a page, yield its items, move the offset by what
// came back, stop at `total` or an empty page (so a server that under-reports never loops forever).

export interface FetchedPage<T> {
  items: T[];
  total: number;
}

export async function* paginate<T>(fetchPage: (offset: number) => Promise<FetchedPage<T>>, startOffset = 0): AsyncGenerator<T, void, undefined> {
  let offset = startOffset;
  for (;;) {
    const { items, total } = await fetchPage(offset);
    for (const item of items) yield item;
    offset += items.length;
    if (items.length === 0 || offset >= total) return;
  }
}
