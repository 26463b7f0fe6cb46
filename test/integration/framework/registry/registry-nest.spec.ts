import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DependencyError } from '../../../../src/framework/errors';
import { PublishService, RegistryModule, ServiceRegistry } from '../../../../src/framework/registry';

@Injectable()
@PublishService({ name: 'export.sftp', interface: 'Exporter', priority: 1 })
class SftpExporter {}

@Injectable()
@PublishService({ name: 'export.s3', interface: 'Exporter', priority: 5, dependsOn: [{ interface: 'Metrics', optional: true }] })
class S3Exporter {}

@Module({ providers: [SftpExporter, S3Exporter] })
class ExportModule {}

@Injectable()
@PublishService({ name: 'a', dependsOn: [{ name: 'b' }] })
class A {}
@Injectable()
@PublishService({ name: 'b', dependsOn: [{ name: 'a' }] })
class B {}
@Module({ providers: [A, B] })
class CyclicModule {}

describe('service registry on Nest DI', () => {
  it('publishes decorated providers (the Nest instances) and resolves by interface and by name', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [RegistryModule, ExportModule] }).compile();
    await moduleRef.init(); // the optional Metrics dependency is missing: boot still succeeds
    const registry = moduleRef.get(ServiceRegistry);
    expect(registry.resolve({ interface: 'Exporter' })).toBe(moduleRef.get(S3Exporter));
    expect(registry.resolve({ name: 'export.sftp' })).toBe(moduleRef.get(SftpExporter));
    expect(registry.list().map((d) => [d.name, d.providerModule])).toEqual(
      expect.arrayContaining([
        ['export.sftp', 'ExportModule'],
        ['export.s3', 'ExportModule'],
      ]),
    );
    await moduleRef.close();
  });

  it('fails the boot on a circular dependency, with the whole chain', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [RegistryModule, CyclicModule] }).compile();
    const failure = await moduleRef.init().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DependencyError);
    expect((failure as Error).message).toBe('circular service dependency: a -> b -> a');
  });
});
