/** The best `capacity` items seen, best first. Memory is bounded by the capacity, not the input. */
export class TopK<T> {
  public readonly items: T[] = [];
  constructor(private readonly capacity: number, private readonly better: (a: T, b: T) => number) {}

  public offer(item: T): void {
    const items = this.items;
    if (items.length === this.capacity && this.better(item, items[items.length - 1]) <= 0) return;
    let i = items.length;
    while (i > 0 && this.better(item, items[i - 1]) > 0) i--;
    items.splice(i, 0, item);
    if (items.length > this.capacity) items.pop();
  }
}
