import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth';
import { ApiProblems, ApiProtectedProblems } from '../openapi';
import { CertificateDto, RegisterCertificateDto } from './certificates.dto';
import { CertificatesService } from './certificates.service';

@ApiTags('admin')
@ApiProtectedProblems()
@Controller('admin/certificates')
@Roles('admin')
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Post()
  @ApiOperation({ summary: 'Registers domains for one certificate; ordering from the ACME directory starts at once (status renewing).' })
  @ApiCreatedResponse({ type: CertificateDto })
  async register(@Body() body: RegisterCertificateDto): Promise<CertificateDto> {
    return CertificateDto.from(await this.certificates.register(body.domains));
  }

  @Get()
  @ApiOperation({ summary: 'Managed certificates: domains, expiry, last renewal attempt, status, last error.' })
  @ApiOkResponse({ type: [CertificateDto] })
  async list(): Promise<CertificateDto[]> {
    return (await this.certificates.list()).map((row) => CertificateDto.from(row));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One managed certificate.' })
  @ApiOkResponse({ type: CertificateDto })
  @ApiProblems(404)
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<CertificateDto> {
    return CertificateDto.from(await this.certificates.get(id));
  }

  @Post(':id/renew')
  @HttpCode(202)
  @ApiOperation({ summary: 'Renews now, in the background, whatever the backoff says.' })
  @ApiAcceptedResponse({ type: CertificateDto })
  @ApiProblems(404)
  async renew(@Param('id', ParseUUIDPipe) id: string): Promise<CertificateDto> {
    return CertificateDto.from(await this.certificates.triggerRenewal(id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stops managing (and serving) the certificate and deletes it with its key.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblems(404)
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.certificates.remove(id);
  }
}
