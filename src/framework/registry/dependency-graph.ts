/**
 * First cycle in a directed graph, as the full chain that closes on itself (`a, b, c, a`), or
 * undefined. Depth-first with colours: a grey node met again is the start of a cycle.
 */
export function findCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const colour = new Map<string, 'grey' | 'black'>();
  const path: string[] = [];

  const visit = (node: string): string[] | undefined => {
    colour.set(node, 'grey');
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      if (colour.get(next) === 'grey') return [...path.slice(path.indexOf(next)), next];
      if (!colour.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    path.pop();
    colour.set(node, 'black');
    return undefined;
  };

  for (const node of [...edges.keys()].sort()) {
    if (colour.has(node)) continue;
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}
