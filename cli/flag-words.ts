/**
 * Synth and deploy messages in the CLI's words: the construct's prop names and the custom
 * resource's property names become the flags that set them, so that a message names what the user
 * typed.
 */
import { FLAGS } from './flags';

export function inFlagWords(message: string): string {
  let out = message.replace(/^invalid properties: /, 'invalid flags: ');
  for (const { name, prop, property, ordinaryWord } of FLAGS) {
    if (prop === undefined) continue;
    const flag = `--${name}`;
    const words = (ordinaryWord ? [property] : [prop, property]).filter((w): w is string => w !== undefined);
    for (const word of words) out = out.replace(new RegExp(`(?<![\\w-])${word}(?![\\w-])`, 'g'), flag);
    if (ordinaryWord) out = out.replace(new RegExp(`(^|; |: )${prop}(?=:| must )`, 'g'), `$1${flag}`);
  }
  return out;
}
