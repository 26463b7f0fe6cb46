/**
 * Milliseconds of CPU this process spent since `start` (user + system). Time bounds in these
 * suites measure CPU, not wall-clock time: on a 2-core machine running several jest workers the
 * wall clock also counts time spent waiting for a core, which says nothing about the engine.
 */
export function cpuStart(): NodeJS.CpuUsage {
  return process.cpuUsage();
}

export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
