import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, ApiProtectedProblems } from '../../framework/openapi';
import { CapabilityContractDto, ModuleDto, StageDto } from './dto/catalogue.dto';
import { CONFIGURATION_WRITERS, CurrentPrincipal, Principal, Roles } from '../../framework/auth';
import { actorOf } from '../actor';
import { contractView, moduleView, stageView } from './dto/catalogue.views';
import { ListModulesQuery } from './dto/list-modules.query';
import { UpdateModuleDto } from './dto/update-module.dto';
import { ModulesService } from './modules.service';

@ApiTags('configuration')
@ApiProtectedProblems()
@Controller()
export class CatalogueController {
  constructor(private readonly modules: ModulesService) {}

  @Get('stages')
  @ApiOperation({ summary: 'Processing stages in order, with their contract and whether they are required.' })
  @ApiOkResponse({ type: [StageDto] })
  async stages(): Promise<StageDto[]> {
    return (await this.modules.stages()).map(stageView);
  }

  @Get('capability-contracts')
  @ApiOperation({ summary: 'Capability contracts: inputs, outputs, guarantees and constraints of each stage.' })
  @ApiOkResponse({ type: [CapabilityContractDto] })
  async contracts(): Promise<CapabilityContractDto[]> {
    return (await this.modules.contracts()).map(contractView);
  }

  @Get('modules')
  @ApiOperation({ summary: 'The module catalogue (synced from the code at boot), filtered by stage and status.' })
  @ApiOkResponse({ type: [ModuleDto] })
  async list(@Query() query: ListModulesQuery): Promise<ModuleDto[]> {
    return (await this.modules.list(query)).map(moduleView);
  }

  @Patch('modules/:id')
  @Roles(...CONFIGURATION_WRITERS)
  @ApiOperation({ summary: 'Enable, disable or deprecate a module (recorded in the audit trail).' })
  @ApiOkResponse({ type: ModuleDto })
  @ApiProblems(404)
  async update(@Param('id') id: string, @Body() body: UpdateModuleDto, @CurrentPrincipal() principal?: Principal) {
    return moduleView(await this.modules.setStatus(id, body.status, actorOf(principal)));
  }
}
