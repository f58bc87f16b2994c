const discordHosts = new Set([
  'discord.com',
  'discordapp.com',
  'ptb.discord.com',
  'canary.discord.com',
]);
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why a DISCORD_WEBHOOK_URL is not acceptable, or undefined when it is. The message never
 * repeats the URL: it holds the webhook's token, which is a secret.
 */
export function webhookUrlProblem(value: string, allowLocal: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (!/^\/api(\/v\d+)?\/webhooks\/\d+\/[\w-]+\/?$/.test(url.pathname)) {
    return 'must look like https://discord.com/api/webhooks/<id>/<token>';
  }
  if (loopbackHosts.has(url.hostname)) {
    return allowLocal
      ? undefined
      : 'points at this machine; set DISCORD_ALLOW_LOCAL_WEBHOOK=1 for a mock';
  }
  if (url.protocol !== 'https:' || !discordHosts.has(url.hostname)) {
    return 'must be an https URL on discord.com';
  }
  return undefined;
}
