import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth';
import { ApiProblems, ApiProtectedProblems } from '../openapi';
import { CONFIG_SOURCES } from '../config/config-loader';
import { ConfigSet } from '../config/config-set';
import { ConfigReloadService } from '../config/reload/config-reload.service';
import { ConfigViewDto, ReloadResultDto } from './admin.dto';

@ApiTags('admin')
@ApiProtectedProblems()
@Controller('admin/config')
export class ConfigAdminController {
  constructor(
    private readonly configs: ConfigSet,
    private readonly reloader: ConfigReloadService,
  ) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Effective configuration with the feeder that supplied each value; secrets redacted.' })
  @ApiOkResponse({ type: ConfigViewDto })
  view(): ConfigViewDto {
    const settings = this.configs.view().map(({ configClass, ...entry }) => ({ ...entry, config_class: configClass }));
    return { precedence: [...CONFIG_SOURCES], config_file: this.configs.configFile, settings };
  }

  @Post('reload')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Re-read the feeders and apply changes of dynamic fields without a restart.',
    description:
      'Validates the whole configuration first. A change to a field that is not dynamic refuses the reload with 409 ' +
      '(restart required) and nothing is applied; an invalid configuration gives 422 with every problem.',
  })
  @ApiOkResponse({ type: ReloadResultDto })
  @ApiProblems(409, 422)
  async reload(): Promise<ReloadResultDto> {
    const { changed, reloaded, durationMs } = await this.reloader.reload();
    return { changed, reloaded, duration_ms: durationMs };
  }
}
