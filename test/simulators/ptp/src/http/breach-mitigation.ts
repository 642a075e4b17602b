import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * PowerSchool pads XTE JSON with a random `$breach_mitigation` string (a BREACH-attack defence);
 * clients must ignore it. Every object answered gets a fresh one.
 */
export function withBreachMitigation<T extends object>(value: T): T & { $breach_mitigation: string } {
  const length = randomInt(4, 24);
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[randomInt(0, ALPHABET.length)];
  return { ...value, $breach_mitigation: text };
}
