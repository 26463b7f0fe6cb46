import { AuthConfig } from './framework/auth/auth.config';
import { CertificatesConfig } from './framework/certificates/certificates.config';
import { AppConfig, ConfigClass, InstanceConfig } from './framework/config';
import { EventsConfig } from './framework/events/events.config';
import { HealthConfig } from './framework/health/health.config';
import { MetricsConfig } from './framework/metrics/metrics.config';
import { PipelineConfig } from './pipeline/pipeline.config';
import { PipelineRunConfig } from './pipeline/run/pipeline-run.config';
import { SchedulerConfig } from './framework/scheduler/scheduler.config';
import { TenancyConfig } from './framework/tenancy/tenancy.config';
import { TenantConfig } from './framework/tenancy/tenant.config';
import { WorkersConfig } from './framework/workers/workers.config';
import { ConsoleConfig } from './console/console.config';

/**
 * Every configuration class of the service. Each framework module that has settings adds its
 * class here; boot loads and validates them all together, and .env.example documents them all.
 */
export const CONFIG_CLASSES: readonly ConfigClass[] = [AppConfig, AuthConfig, ConsoleConfig, HealthConfig, SchedulerConfig, EventsConfig, MetricsConfig, PipelineConfig, PipelineRunConfig, CertificatesConfig, InstanceConfig, TenancyConfig, TenantConfig, WorkersConfig];
