// What every command gets: the backend's API, the terminal streams, and the Ctrl-C handling.
import { ApiClient } from './api';
import { Interrupts } from './interrupts';
import { backendOf, type OptionValues } from './options';
import { outputFor, type Output } from './output';

export interface CliContext {
  api: ApiClient;
  out: Output;
  err: Output;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  interrupts: Interrupts;
}

export function createContext(values: OptionValues): CliContext {
  const { baseUrl, token } = backendOf(values, process.env);
  return {
    api: new ApiClient(baseUrl, token),
    out: outputFor(process.stdout, process.env),
    err: outputFor(process.stderr, process.env),
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    interrupts: new Interrupts(),
  };
}
