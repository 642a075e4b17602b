import { CANVAS_THROTTLE_DEFAULTS, type ThrottleSettings } from './http/leaky-bucket';

const KEYS: Record<string, keyof ThrottleSettings> = {
  hwm: 'highWaterMark',
  max: 'maximum',
  outflow: 'outflowPerSecond',
  upfront: 'upFrontCost',
  cost: 'requestCost',
};

/** `--throttle hwm=600,max=800,outflow=10,upfront=50,cost=1` (any subset; the rest are Canvas's defaults), or `off`. */
export function parseThrottleFlag(text: string | undefined): ThrottleSettings | false {
  if (text === undefined || text.trim() === '') return { ...CANVAS_THROTTLE_DEFAULTS };
  if (text.trim() === 'off') return false;
  const settings: ThrottleSettings = { ...CANVAS_THROTTLE_DEFAULTS };
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key = '', value = ''] = part.split('=', 2);
    const field = KEYS[key];
    if (!field) throw new Error(`--throttle: unknown setting "${key}" (known: ${Object.keys(KEYS).join(', ')}, or "off")`);
    const number = Number(value);
    if (!Number.isFinite(number) || number < 0) throw new Error(`--throttle: ${key} must be a number ≥ 0 (got "${value}")`);
    settings[field] = number;
  }
  return settings;
}
