/** For the WorkerPool's preload test: when this thread finished loading this file (wall clock, ms). */

// Loading takes a moment (as the engine's modules do), so the stamp is later than anything before the load began.
const until = Date.now() + 20;
while (Date.now() < until) {
  // Busy on purpose.
}
const stamp = Date.now();

export function loadedAt(): { loadedAt: number } {
  return { loadedAt: stamp };
}
