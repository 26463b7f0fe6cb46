/**
 * What the benchmarks that load the built service share: where the build is, command-line
 * options, and autocannon (which ships no type declarations) with its figures.
 */
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');
const DIST = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST) : join(ROOT, 'dist');
const args = process.argv.slice(2);

/** A module of the built service (dist/, or BENCH_DIST). */
export const load = <T>(path: string): T => require(join(DIST, path)) as T;

/** `--name <number>` from the command line, or the fallback. */
export const option = (name: string, fallback: number): number => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);

/** The HS256 secret the benchmarks configure the service with and sign their tokens with. */
export const BENCH_SECRET = 'bench-only-hs256-secret-0123456789abcdef';

export interface AutocannonRequest {
  body?: string;
  headers?: Record<string, string>;
  [key: string]: unknown;
}

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}

/** The part of autocannon's API the benchmarks use. */
const autocannon = require('autocannon') as (options: {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  requests: Array<{ setupRequest: (request: AutocannonRequest) => AutocannonRequest }>;
}) => Promise<AutocannonResult>;

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** One autocannon series; `setupRequest` shapes each request (body, headers). */
export async function drive(options: {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  setupRequest: (request: AutocannonRequest) => AutocannonRequest;
}): Promise<Figures> {
  const { setupRequest, ...rest } = options;
  const result = await autocannon({ ...rest, requests: [{ setupRequest }] });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

/** One printed line of figures. */
export function figuresLine(name: string, f: Figures, width = 34): string {
  return `${name.padEnd(width)} ${f.rps.toFixed(0).padStart(7)} req/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms   errors ${f.errors}  non-2xx ${f.non2xx}`;
}
