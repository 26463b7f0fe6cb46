import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Setting } from '../framework/config';

/** The operator console at /console (a single-page application served with the API). */
export class ConsoleConfig {
  @Setting({ env: 'CONSOLE_ENABLED', description: 'Serve the operator console at /console (its static files are public; its data comes from the API with the user\'s credentials).' })
  @IsBoolean()
  consoleEnabled: boolean = true;

  @Setting({
    env: 'CONSOLE_OIDC_CLIENT_ID',
    description:
      'Client id of the console at the OIDC provider (AUTH_OIDC_ISSUER): a public client using the authorization code flow with PKCE, redirect URI <service>/console/callback. Unset: the console offers API-key login only.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  consoleOidcClientId?: string;

  @Setting({ env: 'CONSOLE_OIDC_SCOPE', description: 'Scopes the console asks the OIDC provider for (space-separated).' })
  @IsString()
  @Matches(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, { message: 'must be scope tokens separated by single spaces' })
  consoleOidcScope: string = 'openid profile';
}
