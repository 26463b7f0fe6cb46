import { spawnSync } from 'node:child_process';
import { applyRuntimeFlags, runtimeFlags } from '../../src/runtime-flags';

describe('runtime flags', () => {
  it('turns V8 allocation-site pretenuring off by default and on when the setting asks for it', () => {
    expect(runtimeFlags({ v8AllocationSitePretenuring: false })).toEqual(['--no-allocation-site-pretenuring']);
    expect(runtimeFlags({ v8AllocationSitePretenuring: true })).toEqual(['--allocation-site-pretenuring']);
  });

  it('hands each flag to V8', () => {
    const set: string[] = [];
    applyRuntimeFlags({ v8AllocationSitePretenuring: false }, (flag) => set.push(flag));
    expect(set).toEqual(['--no-allocation-site-pretenuring']);
  });

  // v8.setFlagsFromString ignores a flag it does not know: a Node whose V8 dropped or renamed one
  // would silently run with its default.
  it('names only flags this Node’s V8 knows', () => {
    const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    for (const flag of [...runtimeFlags({ v8AllocationSitePretenuring: false }), ...runtimeFlags({ v8AllocationSitePretenuring: true })]) {
      const name = flag.replace(/^--(no-)?/, '');
      expect({ flag, known: new RegExp(`^\\s+--${name} \\(`, 'm').test(options) }).toEqual({ flag, known: true });
    }
  });
});
