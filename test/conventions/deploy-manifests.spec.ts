import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { PATH_METADATA } from '@nestjs/common/constants';
import { getMetadataStorage } from 'class-validator';
import { parse, parseAllDocuments } from 'yaml';
import { INTERNAL_CALLERS, callerKeyDigestsSetting, newInternalKey } from '@omnigate/auth';
import { loadConfig } from '@omnigate/config';
import { OpsController } from '../../libs/server/src/ops.controller';
import { TracingConfig } from '../../libs/tracing/src/tracing.config';
import { composeSecrets } from '../../scripts/compose-secrets';
import { STACK_APPS, type StackApp } from '../../scripts/stack-apps';

const ROOT = join(__dirname, '..', '..');
const KUBERNETES = join(ROOT, 'deploy', 'kubernetes');
const SECRET_TEMPLATE = 'secrets.template.yaml';

type Env = Record<string, string>;
type Manifest = { kind: string; apiVersion: string; metadata: { name: string }; [field: string]: any };

// ---- what the code says ---------------------------------------------------------------------

/** The one config class of an app: the class its `<app>.config.ts` exports. */
function configClassOf(app: string): new () => object {
  const exported = require(join(ROOT, 'apps', app, 'src', `${app}.config.ts`)) as Record<string, unknown>;
  const classes = Object.values(exported).filter(
    (v): v is new () => object => typeof v === 'function' && /Config$/.test(v.name),
  );
  if (classes.length !== 1)
    throw new Error(`apps/${app}/src/${app}.config.ts exports ${classes.length} config classes`);
  return classes[0];
}

/** What a schema reads: loadConfig validates with `whitelist`, so only decorated properties count. */
function settingsOf(schema: Function): string[] {
  return getMetadataStorage()
    .getTargetValidationMetadatas(schema, '', true, false)
    .map((m) => m.propertyName);
}

/** Every environment name an app reads: its config class, and the tracing settings every app's main loads. */
function settingsOfApp(app: string): Set<string> {
  return new Set([...settingsOf(configClassOf(app)), ...settingsOf(TracingConfig)]);
}

/** The variable the image's CMD picks the app by (`${APP}`): read by the image's shell, not by an app. */
function imageAppSelector(): string {
  const cmd = readFileSync(join(ROOT, 'Dockerfile'), 'utf8')
    .split('\n')
    .find((line) => line.startsWith('CMD'));
  const selector = /\$\{([A-Z_]+)\}/.exec(cmd ?? '')?.[1];
  if (!selector) throw new Error('the Dockerfile CMD names no app selector');
  return selector;
}

/** The route a handler of the ops controller answers on. */
function routeOf(handler: keyof OpsController): string {
  const base = String(Reflect.getMetadata(PATH_METADATA, OpsController) ?? '');
  const path = String(Reflect.getMetadata(PATH_METADATA, OpsController.prototype[handler]));
  return `/${[base, path].join('/')}`.replace(/\/+/g, '/');
}

const LIVE = routeOf('live');
const READY = routeOf('ready');
const HEALTH_ROUTES = [LIVE, READY];

/** Names whose values are credentials wherever they appear. */
const SECRET_NAME = /(^|_)(KEYS?|DIGESTS?|SECRET|PASSWORD|TOKEN)$/;
/** A URL holding a password: `scheme://user:password@host`. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:([^/@\s]+)@/i;
/** Compose reads this from `.env`: `${NAME}` or `${NAME:?message}`. */
const INTERPOLATION = /\$\{([A-Z_][A-Z0-9_]*)(?::?[?-][^}]*)?\}/g;

function shutdownTimeoutMs(app: string, env: Env): number {
  const defaults = new (configClassOf(app))() as { SHUTDOWN_TIMEOUT_MS: number };
  return env.SHUTDOWN_TIMEOUT_MS !== undefined
    ? Number(env.SHUTDOWN_TIMEOUT_MS)
    : defaults.SHUTDOWN_TIMEOUT_MS;
}

function secretsIn(env: Env): string[] {
  return Object.entries(env)
    .filter(
      ([name, value]) => SECRET_NAME.test(name) || name === 'DATABASE_URL' || URL_WITH_PASSWORD.test(value),
    )
    .map(([name]) => name);
}

/** Whether a value holds no literal secret: the whole value, or a URL's password, comes from `.env`. */
function interpolatedOnly(name: string, value: string): boolean {
  const password = URL_WITH_PASSWORD.exec(value)?.[1];
  if (password !== undefined) return /^\$\{[^}]+\}$/.test(password);
  if (SECRET_NAME.test(name)) return /^\$\{[^}]+\}$/.test(value);
  return true;
}

/** The settings of an app whose default URL reaches another app of the stack on this machine. */
function defaultStackUrls(app: string): [string, string][] {
  const defaults = new (configClassOf(app))() as Record<string, unknown>;
  return Object.entries(defaults).flatMap(([name, value]) => {
    if (typeof value !== 'string' || !value.startsWith('http://127.0.0.1:')) return [];
    return STACK_APPS.some((a) => a.port === Number(new URL(value).port))
      ? [[name, value] as [string, string]]
      : [];
  });
}

const appsOf = (layers: StackApp['layer'][]) => STACK_APPS.filter((a) => layers.includes(a.layer));
const DEPLOYED = appsOf(['system', 'process', 'experience']);

// ---- compose ------------------------------------------------------------------------------------

interface ComposeService {
  image?: string;
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  volumes?: string[];
}

const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
const envOfService = (name: string): Env =>
  Object.fromEntries(Object.entries(services[name].environment ?? {}).map(([k, v]) => [k, String(v)]));
const secondsOf = (duration: string) => {
  const [, n, unit] = /^(\d+)(ms|s|m)$/.exec(duration) ?? [];
  if (!n) throw new Error(`unreadable duration ${duration}`);
  return Number(n) * { ms: 0.001, s: 1, m: 60 }[unit as 'ms' | 's' | 'm'];
};
/** The URLs of an env that name another compose service as their host, with the port they use. */
function serviceUrls(env: Env): { name: string; host: string; port: number }[] {
  return Object.entries(env).flatMap(([name, value]) => {
    const match = /^[a-z]+:\/\/(?:[^@/]*@)?([a-z0-9-]+):(\d+)/.exec(value);
    return match && services[match[1]] ? [{ name, host: match[1], port: Number(match[2]) }] : [];
  });
}

describe('compose.yaml', () => {
  const selector = imageAppSelector();

  it('runs every app of the stack from the one image, on its own port, with Redis and PostgreSQL', () => {
    for (const app of STACK_APPS) {
      const env = envOfService(app.name);
      expect([app.name, env[selector], env.PORT, services[app.name].ports]).toEqual([
        app.name,
        app.name,
        String(app.port),
        [`${app.port}:${app.port}`],
      ]);
    }
    const images = new Set(STACK_APPS.map((a) => services[a.name].image));
    expect(images.size).toBe(1);
    expect(services.redis.healthcheck).toBeDefined();
    expect(services.postgres.healthcheck).toBeDefined();
  });

  it('sets only settings the app reads', () => {
    const unknown = STACK_APPS.flatMap((app) => {
      const known = settingsOfApp(app.name);
      return Object.keys(envOfService(app.name))
        .filter((name) => name !== selector && !known.has(name))
        .map((name) => `${app.name}: ${name}`);
    });
    expect(unknown).toEqual([]);
  });

  it('checks each app on its readiness route, and starts an app only once what it calls is healthy', () => {
    const problems: string[] = [];
    for (const app of STACK_APPS) {
      const service = services[app.name];
      const probe = service.healthcheck?.test.join(' ') ?? '';
      // The check reads the port from PORT, which the first test pins to the app's port.
      if (!probe.includes(`${READY}'`) || !probe.includes('process.env.PORT'))
        problems.push(`${app.name}: healthcheck is not ${READY} on PORT`);
      const env = envOfService(app.name);
      const needed = [
        ...serviceUrls(env).map((u) => u.host),
        ...(env.REDIS_URL ? ['redis'] : []),
        ...(env.DATABASE_URL ? ['postgres'] : []),
      ];
      for (const dependency of new Set(needed)) {
        if (service.depends_on?.[dependency]?.condition !== 'service_healthy')
          problems.push(`${app.name}: does not wait for ${dependency} to be healthy`);
        if (!services[dependency].healthcheck) problems.push(`${dependency}: has no healthcheck`);
      }
      for (const dependency of Object.keys(service.depends_on ?? {}))
        if (!services[dependency]) problems.push(`${app.name}: depends on unknown ${dependency}`);
    }
    expect(problems).toEqual([]);
  });

  it('wires the apps to each other by service name and port, and the system apps to the sandbox', () => {
    const ports = new Map<string, number>(STACK_APPS.map((a) => [a.name, a.port]));
    ports.set('redis', 6379).set('postgres', 5432);
    const problems: string[] = [];
    for (const app of STACK_APPS) {
      const env = envOfService(app.name);
      for (const url of serviceUrls(env))
        if (ports.get(url.host) !== url.port)
          problems.push(
            `${app.name}: ${url.name} calls ${url.host} on ${url.port}, it listens on ${ports.get(url.host)}`,
          );
      // A container's 127.0.0.1 is itself: every URL a class points at the stack by default is set to the service instead.
      for (const [name, url] of defaultStackUrls(app.name)) {
        const expected = url.replace(
          '127.0.0.1',
          STACK_APPS.find((a) => a.port === Number(new URL(url).port))!.name,
        );
        if (env[name] !== expected)
          problems.push(`${app.name}: ${name} is ${env[name]}, expected ${expected}`);
      }
    }
    expect(problems).toEqual([]);
    // The system apps' backends are among them: the sandbox by default.
    expect(
      appsOf(['system']).filter((a) => !defaultStackUrls(a.name).some(([name]) => name === 'BACKEND_URL')),
    ).toEqual([]);
  });

  it('gives each app longer to stop than its SHUTDOWN_TIMEOUT_MS', () => {
    const short = STACK_APPS.filter((app) => {
      const grace = services[app.name].stop_grace_period;
      return (
        grace === undefined || secondsOf(grace) * 1000 <= shutdownTimeoutMs(app.name, envOfService(app.name))
      );
    });
    expect(short.map((a) => a.name)).toEqual([]);
  });

  it('holds no secret value: keys, digests and passwords come from .env, which compose-secrets makes', () => {
    const literal = Object.keys(services).flatMap((name) =>
      Object.entries(envOfService(name))
        .filter(([setting, value]) => !interpolatedOnly(setting, value))
        .map(([setting]) => `${name}: ${setting}`),
    );
    expect(literal).toEqual([]);
    const secretSettings = STACK_APPS.flatMap((app) =>
      secretsIn(envOfService(app.name)).map((s) => `${app.name}: ${s}`),
    );
    expect(secretSettings).toEqual(
      expect.arrayContaining([
        'system-erp: INTERNAL_CALLER_KEY_DIGESTS',
        'process-orders: DATABASE_URL',
        'process-orders: INTERNAL_SERVICE_KEY',
      ]),
    );

    const text = readFileSync(join(ROOT, 'compose.yaml'), 'utf8');
    const read = new Set([...text.matchAll(INTERPOLATION)].map((m) => m[1]));
    const made = Object.keys(composeSecrets());
    expect([...read].filter((name) => !made.includes(name))).toEqual([]);
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('.env');
  });

  it('is a configuration each app starts on, once .env is made', () => {
    const secrets = composeSecrets();
    const fill = (value: string) => value.replace(INTERPOLATION, (_whole, name: string) => secrets[name]);
    for (const app of STACK_APPS) {
      const env = Object.fromEntries(Object.entries(envOfService(app.name)).map(([k, v]) => [k, fill(v)]));
      expect(() => loadConfig(configClassOf(app.name), env)).not.toThrow();
    }
  });

  it('mounts the development registry where the experience apps look for it', () => {
    for (const app of appsOf(['experience'])) {
      const file = envOfService(app.name).CLIENT_APP_REGISTRY_FILE;
      const mount = services[app.name].volumes
        ?.map((v) => v.split(':'))
        .find(([, target]) => target === file);
      expect(mount).toBeDefined();
      expect(existsSync(join(ROOT, mount![0]))).toBe(true);
    }
  });
});

// ---- Kubernetes -----------------------------------------------------------------------------

function manifestsIn(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(join(KUBERNETES, file), 'utf8'))
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      return doc.toJS() as Manifest | null;
    })
    .filter((m): m is Manifest => m !== null);
}

const kustomization = parse(readFileSync(join(KUBERNETES, 'kustomization.yaml'), 'utf8')) as {
  resources: string[];
};
const manifests = kustomization.resources.flatMap(manifestsIn);
const secretTemplates = manifestsIn(SECRET_TEMPLATE).filter((m) => m.kind === 'Secret');
const ofKind = (kind: string) => manifests.filter((m) => m.kind === kind);
const named = (kind: string, name: string) => ofKind(kind).find((m) => m.metadata.name === name);
const containerOf = (deployment: Manifest) => deployment.spec.template.spec.containers[0];

/** A container port given by number or by name, as a number. */
function portNumber(container: any, port: number | string): number | undefined {
  return typeof port === 'number'
    ? port
    : container.ports?.find((p: { name: string }) => p.name === port)?.containerPort;
}

/** Everything a Deployment puts in its container's environment, and where from. */
function environmentOf(deployment: Manifest): {
  env: Env;
  fromConfigMaps: Env;
  fromSecrets: Env;
  literal: Env;
} {
  const container = containerOf(deployment);
  const literal: Env = Object.fromEntries(
    (container.env ?? []).map((e: { name: string; value?: string }) => [e.name, String(e.value ?? '')]),
  );
  const fromConfigMaps: Env = {};
  const fromSecrets: Env = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef)
      Object.assign(fromConfigMaps, named('ConfigMap', source.configMapRef.name)?.data);
    if (source.secretRef)
      Object.assign(
        fromSecrets,
        secretTemplates.find((s) => s.metadata.name === source.secretRef.name)?.stringData,
      );
  }
  return { env: { ...fromConfigMaps, ...fromSecrets, ...literal }, fromConfigMaps, fromSecrets, literal };
}

/** Stand-ins for the Secret template's blanks, valid for the apps' config classes. */
function standIn(setting: string): string {
  const stand: Record<string, string> = {
    INTERNAL_SERVICE_KEY: newInternalKey('operator'),
    INTERNAL_CALLER_KEY_DIGESTS: callerKeyDigestsSetting(
      Object.fromEntries(INTERNAL_CALLERS.map((c) => [c, newInternalKey(c)])),
    ),
    DATABASE_URL: 'postgres://omnigate:stand-in@db.example.invalid:5432/omnigate',
    REDIS_URL: 'rediss://:stand-in@redis.example.invalid:6380',
    CONTROL_TOWER_VIEWER_KEY_DIGESTS: `viewer:${'a'.repeat(64)}`,
    CONTROL_TOWER_OPERATOR_KEY_DIGESTS: `operator:${'b'.repeat(64)}`,
  };
  if (!(setting in stand))
    throw new Error(`no stand-in for the Secret value ${setting}; add one to this test`);
  return stand[setting];
}

describe('deploy/kubernetes', () => {
  const selector = imageAppSelector();

  it('lists every manifest in kustomization.yaml, all but the Secret template', () => {
    const files = readdirSync(KUBERNETES).filter(
      (f) => f.endsWith('.yaml') && f !== 'kustomization.yaml' && f !== SECRET_TEMPLATE,
    );
    expect([...kustomization.resources].sort()).toEqual(files.sort());
    expect(kustomization.resources).not.toContain(SECRET_TEMPLATE);
  });

  it('deploys every app of the stack but the sandbox, with a Deployment and a Service', () => {
    expect(
      ofKind('Deployment')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(DEPLOYED.map((a) => a.name).sort());
    expect(
      ofKind('Service')
        .map((s) => s.metadata.name)
        .sort(),
    ).toEqual(DEPLOYED.map((a) => a.name).sort());
    for (const app of DEPLOYED)
      expect(environmentOf(named('Deployment', app.name)!).literal[selector]).toBe(app.name);
  });

  it('reaches no sandbox: production talks to the real backends', () => {
    const values = [
      ...ofKind('ConfigMap').flatMap((c) => Object.values(c.data ?? {})),
      ...ofKind('Deployment').flatMap((d) => Object.values(environmentOf(d).literal)),
    ];
    const sandbox = STACK_APPS.find((a) => a.layer === 'sandbox')!;
    expect(
      values.filter(
        (v) => /sandbox|127\.0\.0\.1|localhost/.test(String(v)) || String(v).includes(`:${sandbox.port}`),
      ),
    ).toEqual([]);
    // And no URL is left on its default, which reaches this machine (the sandbox, for BACKEND_URL).
    const unset = DEPLOYED.flatMap((app) => {
      const { env } = environmentOf(named('Deployment', app.name)!);
      return defaultStackUrls(app.name)
        .filter(([name]) => !(name in env))
        .map(([name]) => `${app.name}: ${name}`);
    });
    expect(unset).toEqual([]);
  });

  it('sets only settings the app reads, from its ConfigMap, its Secret and its env', () => {
    const unknown = DEPLOYED.flatMap((app) => {
      const known = settingsOfApp(app.name);
      return Object.keys(environmentOf(named('Deployment', app.name)!).env)
        .filter((name) => name !== selector && !known.has(name))
        .map((name) => `${app.name}: ${name}`);
    });
    expect(unknown).toEqual([]);
    // Every ConfigMap and Secret is some Deployment's environment, so the check above covered it.
    const used = ofKind('Deployment').flatMap((d) =>
      (containerOf(d).envFrom ?? []).map((s: any) => (s.configMapRef ?? s.secretRef).name),
    );
    const mounted = ofKind('Deployment').flatMap((d) =>
      (d.spec.template.spec.volumes ?? []).flatMap((v: any) => (v.secret ? [v.secret.secretName] : [])),
    );
    expect(
      [...ofKind('ConfigMap'), ...secretTemplates]
        .map((m) => m.metadata.name)
        .filter((n) => !used.includes(n) && !mounted.includes(n)),
    ).toEqual([]);
    expect(
      [...used, ...mounted].filter(
        (n) =>
          !ofKind('ConfigMap')
            .concat(secretTemplates)
            .some((m) => m.metadata.name === n),
      ),
    ).toEqual([]);
  });

  it("listens, serves and probes on the app's port and the server's health routes", () => {
    const problems: string[] = [];
    for (const app of DEPLOYED) {
      const deployment = named('Deployment', app.name)!;
      const container = containerOf(deployment);
      const { env } = environmentOf(deployment);
      if (env.PORT !== undefined && Number(env.PORT) !== app.port)
        problems.push(`${app.name}: PORT ${env.PORT}`);
      if (container.ports?.[0]?.containerPort !== app.port)
        problems.push(`${app.name}: containerPort ${container.ports?.[0]?.containerPort}`);
      const probes = { readinessProbe: READY, livenessProbe: LIVE, startupProbe: undefined };
      for (const [probe, path] of Object.entries(probes)) {
        const get = container[probe]?.httpGet;
        if (!get && path === undefined) continue;
        if (!get || (path ? get.path !== path : !HEALTH_ROUTES.includes(get.path)))
          problems.push(`${app.name}: ${probe} on ${get?.path}`);
        if (get && portNumber(container, get.port) !== app.port)
          problems.push(`${app.name}: ${probe} on port ${get.port}`);
      }
      const service = named('Service', app.name)!;
      if (
        service.spec.ports[0].port !== app.port ||
        portNumber(container, service.spec.ports[0].targetPort) !== app.port
      )
        problems.push(
          `${app.name}: Service ${service.spec.ports[0].port} -> ${service.spec.ports[0].targetPort}`,
        );
      const podLabels = deployment.spec.template.metadata.labels;
      if (!Object.entries(service.spec.selector).every(([k, v]) => podLabels[k] === v))
        problems.push(`${app.name}: Service selects other pods`);
      // URLs to other apps use their Service names and ports.
      for (const [name, value] of Object.entries(env)) {
        const match = /^https?:\/\/([a-z0-9-]+):(\d+)/.exec(value);
        const target = match && STACK_APPS.find((a) => a.name === match[1]);
        if (target && (target.port !== Number(match![2]) || !named('Service', target.name)))
          problems.push(`${app.name}: ${name} ${value}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every Deployment a grace period longer than its SHUTDOWN_TIMEOUT_MS', () => {
    const short = DEPLOYED.filter((app) => {
      const deployment = named('Deployment', app.name)!;
      return !(
        deployment.spec.template.spec.terminationGracePeriodSeconds * 1000 >
        shutdownTimeoutMs(app.name, environmentOf(deployment).env)
      );
    });
    expect(short.map((a) => a.name)).toEqual([]);
  });

  it('keeps secrets out of ConfigMaps and env values, and the Secret template blank', () => {
    const exposed = [
      ...ofKind('ConfigMap').flatMap((c) => secretsIn(c.data ?? {}).map((s) => `${c.metadata.name}: ${s}`)),
      ...ofKind('Deployment').flatMap((d) =>
        secretsIn(environmentOf(d).literal).map((s) => `${d.metadata.name}: ${s}`),
      ),
    ];
    expect(exposed).toEqual([]);
    const filled = secretTemplates.flatMap((s) =>
      Object.entries({ ...s.stringData, ...s.data })
        .filter(([, v]) => v !== '')
        .map(([k]) => `${s.metadata.name}: ${k}`),
    );
    expect(filled).toEqual([]);
    expect(ofKind('Secret')).toEqual([]);
    // The secret settings the apps require do come from their Secret.
    for (const app of DEPLOYED) {
      const { fromSecrets } = environmentOf(named('Deployment', app.name)!);
      const required = [...settingsOfApp(app.name)].filter(
        (s) => SECRET_NAME.test(s) || s === 'DATABASE_URL',
      );
      expect([app.name, required.filter((s) => !(s in fromSecrets))]).toEqual([app.name, []]);
    }
  });

  it('is a configuration each app starts on, once the Secret is filled', () => {
    for (const app of DEPLOYED) {
      const { fromConfigMaps, fromSecrets, literal } = environmentOf(named('Deployment', app.name)!);
      const secrets = Object.fromEntries(Object.keys(fromSecrets).map((name) => [name, standIn(name)]));
      const env = { ...fromConfigMaps, ...secrets, ...literal };
      expect(env.NODE_ENV).toBe('production');
      expect(() => loadConfig(configClassOf(app.name), env)).not.toThrow();
    }
  });

  it('mounts the client-app registry where the experience apps look for it', () => {
    for (const app of appsOf(['experience'])) {
      const deployment = named('Deployment', app.name)!;
      const file = environmentOf(deployment).env.CLIENT_APP_REGISTRY_FILE;
      const mount = containerOf(deployment).volumeMounts.find(
        (m: { mountPath: string }) => m.mountPath === dirname(file),
      );
      const volume = deployment.spec.template.spec.volumes.find(
        (v: { name: string }) => v.name === mount?.name,
      );
      const secret = secretTemplates.find((s) => s.metadata.name === volume?.secret?.secretName);
      expect(secret?.stringData).toHaveProperty([basename(file)]);
    }
  });

  it('runs as non-root on a read-only root filesystem, with resources', () => {
    const problems = ofKind('Deployment').flatMap((d) => {
      const pod = d.spec.template.spec;
      const container = containerOf(d);
      const found: string[] = [];
      if (pod.securityContext?.runAsNonRoot !== true || !(pod.securityContext?.runAsUser > 0))
        found.push('runs as root or an unverifiable user');
      if (container.securityContext?.readOnlyRootFilesystem !== true) found.push('writable root filesystem');
      if (container.securityContext?.allowPrivilegeEscalation !== false)
        found.push('may escalate privileges');
      if (
        !container.resources?.requests?.cpu ||
        !container.resources?.requests?.memory ||
        !container.resources?.limits?.memory
      )
        found.push('no resources');
      return found.map((f) => `${d.metadata.name}: ${f}`);
    });
    expect(problems).toEqual([]);
  });

  it('runs at least two replicas of each app, autoscales the stateless layers, and keeps one up through disruptions', () => {
    const problems: string[] = [];
    for (const app of DEPLOYED) {
      const deployment = named('Deployment', app.name)!;
      const hpa = ofKind('HorizontalPodAutoscaler').find(
        (h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === app.name,
      );
      if (hpa && hpa.apiVersion !== 'autoscaling/v2') problems.push(`${app.name}: HPA ${hpa.apiVersion}`);
      if (hpa && deployment.spec.replicas !== undefined)
        problems.push(`${app.name}: replicas set beside an HPA, an apply would reset it`);
      if (!hpa && (app.layer === 'system' || app.layer === 'experience'))
        problems.push(`${app.name}: stateless, but no HPA`);
      if ((hpa ? hpa.spec.minReplicas : deployment.spec.replicas) < 2)
        problems.push(`${app.name}: fewer than two replicas`);
      const podLabels = deployment.spec.template.metadata.labels;
      const pdb = ofKind('PodDisruptionBudget').find((p) =>
        Object.entries(p.spec.selector.matchLabels).every(([k, v]) => podLabels[k] === v),
      );
      if (!pdb) problems.push(`${app.name}: no PodDisruptionBudget`);
    }
    expect(problems).toEqual([]);
  });
});
