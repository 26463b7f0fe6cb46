import { Controller, Get, Logger, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth';
import { ApiProtectedProblems } from '../openapi';
import { ServiceRegistry } from '../registry/service-registry';
import { ServiceDescriptorDto, ServicesQueryDto } from './admin.dto';

@ApiTags('admin')
@ApiProtectedProblems()
@Controller('admin/services')
export class ServicesAdminController {
  private readonly logger = new Logger('ServicesAdmin');

  constructor(private readonly registry: ServiceRegistry) {}

  @Get()
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: 'Descriptors of the published services, optionally of one scope.' })
  @ApiOkResponse({ type: [ServiceDescriptorDto] })
  list(@Query() query: ServicesQueryDto): ServiceDescriptorDto[] {
    const descriptors = this.registry.list(query.scope);
    this.logger.debug(`listing ${descriptors.length} service descriptor(s) (scope ${query.scope ?? 'any'})`);
    return descriptors.map((d) => ({
      name: d.name,
      ...(d.interface ? { interface: d.interface } : {}),
      scope: d.scope,
      priority: d.priority,
      registered_at: d.registeredAt.toISOString(),
      provider_module: d.providerModule,
      depends_on: d.dependsOn,
    }));
  }
}
