/** Where commands write: human lines, or one JSON document with `--json`. */
export interface CliOutput {
  line(text: string): void;
  json(value: unknown): void;
  error(text: string): void;
}

export const processOutput: CliOutput = {
  line: (text) => process.stdout.write(`${text}\n`),
  json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
};
