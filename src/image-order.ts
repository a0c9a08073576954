import { ORDERS } from './shared/wire';

/**
 * The order that ranks the images a lookup finds; the image at `rank` in it is picked.
 *
 * Every order is its own key followed by the default order as the tie-break (newest creation date,
 * then the greater name in natural order, then the greater image ID), so no two images ever tie
 * and the result never depends on the order EC2 returns them in.
 */
export class ImageOrder {
  /** Newest `CreationDate` first. The default. */
  public static newestCreationDate(): ImageOrder {
    return new ImageOrder(ORDERS.newestCreationDate);
  }

  /** Oldest `CreationDate` first; images without a valid date still rank last. */
  public static oldestCreationDate(): ImageOrder {
    return new ImageOrder(ORDERS.oldestCreationDate);
  }

  /**
   * The greatest `Name` first, in natural (version-aware) order: runs of digits compare as numbers,
   * so `app-2.0.10` ranks before `app-2.0.9`. Use it when an old release can be re-published with
   * a newer creation date.
   */
  public static naturalName(): ImageOrder {
    return new ImageOrder(ORDERS.naturalName);
  }

  /**
   * The greatest value of the tag `key` first, in natural (version-aware) order, so that a pipeline's
   * `version` tag `1.10.0` ranks before `1.9.2`. Images without the tag rank last. Ties, and the
   * untagged images among themselves, are broken by the default order.
   *
   * The tag key is case-sensitive, as EC2's are, and has 1 to 128 characters.
   *
   * @example
   * new AmiLookup(this, 'Release', {
   *   owners: ['self'],
   *   filters: { 'tag-key': ['version'] },
   *   order: ImageOrder.tagValue('version'),
   * });
   */
  public static tagValue(key: string): ImageOrder {
    return new ImageOrder(ORDERS.tagValue, key);
  }

  /**
   * The order's wire name, as the custom resource receives it. Internal: the wire form is not part
   * of the public API, so it can never be relied on or passed around as a string.
   *
   * @internal
   */
  public readonly _wireName: string;

  /**
   * The tag key of the `tagValue` order.
   *
   * @internal
   */
  public readonly _tagKey?: string;

  private constructor(wireName: string, tagKey?: string) {
    this._wireName = wireName;
    this._tagKey = tagKey;
  }
}
