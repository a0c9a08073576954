/**
 * How user values appear in messages, everywhere: quoted as JSON, and cut, so that a message stays
 * short whatever was given. Imports nothing: bundled into the handler and the CLI.
 *
 * Internal: not exported from the package's index.
 */

/** `text` cut to at most `max` characters, ending in `...` when cut. */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** A user value for a message: cut to `max` characters, then quoted. */
export function quote(value: string, max = 64): string {
  return JSON.stringify(shorten(value, max));
}
