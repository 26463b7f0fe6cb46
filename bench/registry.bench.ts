/**
 * Service lookup benchmark: a registry holding 2,000 services (50 interfaces, 40 candidates
 * each, mixed priorities), then resolution by name and by interface in a tight loop. Prints the
 * median cost per lookup over several rounds; lookups are Map hits, so the figures should not
 * grow with the number of services (compare --services 200 and --services 20000).
 *
 *   npx tsx bench/registry.bench.ts [--services 2000]
 */
import { ServiceRegistry } from '../src/framework/registry';

const INTERFACES = 50;
const LOOKUPS = 1_000_000;
const ROUNDS = 7;

/** Builds a registry of `services` entries and prints the median lookup costs. */
export function runRegistryBench(services: number): void {
  let tick = 0;
  const registry = new ServiceRegistry(() => new Date(1_700_000_000_000 + tick++));
  const registerStart = performance.now();
  for (let i = 0; i < services; i++) {
    registry.register({ name: `service.${i}`, interface: `Interface${i % INTERFACES}`, priority: i % 7 }, { i });
  }
  const registerMs = performance.now() - registerStart;

  const names = Array.from({ length: 1024 }, (_, i) => `service.${(i * 7919) % services}`);
  const interfaces = Array.from({ length: INTERFACES }, (_, i) => `Interface${i}`);

  console.log(
    `node ${process.version}; ${services} services, ${INTERFACES} interfaces; ` +
      `registration ${((registerMs * 1000) / services).toFixed(1)} µs/service`,
  );
  measure('resolve by name', (i) => registry.resolve({ name: names[i & 1023] }));
  measure('resolve by interface', (i) => registry.resolve({ interface: interfaces[i % INTERFACES] }));
  measure('resolve name + interface', () => registry.resolve({ name: 'service.3', interface: 'Interface3' }));
}

function round(lookup: (i: number) => unknown): number {
  let sink = 0;
  const began = process.hrtime.bigint();
  for (let i = 0; i < LOOKUPS; i++) if (lookup(i)) sink++;
  const ns = Number(process.hrtime.bigint() - began) / LOOKUPS;
  if (sink !== LOOKUPS) throw new Error('lookup failed');
  return ns;
}

function measure(label: string, lookup: (i: number) => unknown): void {
  round(lookup); // warm-up
  const samples = Array.from({ length: ROUNDS }, () => round(lookup)).sort((a, b) => a - b);
  console.log(`${label.padEnd(28)} median ${samples[Math.floor(ROUNDS / 2)].toFixed(1).padStart(6)} ns/lookup (${ROUNDS} rounds of ${LOOKUPS})`);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  runRegistryBench(Number(args[args.indexOf('--services') + 1]) || 2000);
}
