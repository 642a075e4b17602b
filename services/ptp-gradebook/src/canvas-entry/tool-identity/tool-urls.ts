import { ConfigError } from '@sisbridge/config';
import type { DistrictRegistry } from '@sisbridge/district-config';
import type { PtpGradebookConfig } from '../../ptp-gradebook.config';

/**
 * The tool's public URLs, built on PUBLIC_URL (what Canvas and browsers reach through the
 * Ingress). They go into the developer key's configuration, so Canvas can only redirect back to
 * exactly these: the launch URL is the `redirect_uri` of every login.
 */
export class ToolUrls {
  private constructor(readonly base: string) {}

  /** Start-up check: a district with `lti` needs PUBLIC_URL, and LTI 1.3 needs it on https (loopback excepted, for local runs). */
  static load(config: PtpGradebookConfig, districts: DistrictRegistry): ToolUrls {
    const withLti = districts.districts.filter((district) => district.lti).map((district) => district.id);
    const base = (config.PUBLIC_URL ?? '').replace(/\/+$/, '');
    if (withLti.length > 0) {
      const expected = `the https:// URL Canvas and browsers reach ptp-gradebook at, e.g. https://sisbridge.example.org (districts ${withLti.join(', ')} have an LTI tool)`;
      if (!base) throw new ConfigError('ptp-gradebook', [{ variable: 'PUBLIC_URL', expected }]);
      const url = new URL(base);
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
      if (url.protocol !== 'https:' && !loopback)
        throw new ConfigError('ptp-gradebook', [{ variable: 'PUBLIC_URL', expected, received: JSON.stringify(base) }]);
    }
    return new ToolUrls(base);
  }

  login(districtId: string): string {
    return `${this.base}/lti/${encodeURIComponent(districtId)}/login`;
  }

  launch(districtId: string): string {
    return `${this.base}/lti/${encodeURIComponent(districtId)}/launch`;
  }

  /** The path the launch's cookies are for: the launch URL and its confirmation (as the browser sees them, under PUBLIC_URL). */
  launchPath(districtId: string): string {
    return new URL(this.launch(districtId), 'http://localhost').pathname;
  }

  /** Where a Canvas administrator points LTI Dynamic Registration. */
  registration(districtId: string): string {
    return `${this.base}/lti/${encodeURIComponent(districtId)}/register`;
  }

  keySet(districtId: string): string {
    return `${this.base}/lti/${encodeURIComponent(districtId)}/jwks.json`;
  }

  configuration(districtId: string): string {
    return `${this.base}/lti/${encodeURIComponent(districtId)}/config.json`;
  }

  /** The teacher's page; the session token travels in the fragment, which browsers never send to a server. */
  page(sessionToken: string): string {
    return `${this.base}/lti/passback#session=${encodeURIComponent(sessionToken)}`;
  }

  get host(): string {
    return this.base ? new URL(this.base).host : '';
  }

  /** The `iss` of the tokens the tool signs for itself. */
  get issuer(): string {
    return this.base || 'sisbridge';
  }
}
