import { AppConfig, ConfigClass } from './framework/config';

/**
 * Every configuration class of the service. Each framework module that has settings adds its
 * class here; boot loads and validates them all together, and .env.example documents them all.
 */
export const CONFIG_CLASSES: readonly ConfigClass[] = [AppConfig];
