import { TracingConfigError, tracingConfigFromEnv } from './tracing';

describe('tracingConfigFromEnv (the standard OTEL_* variables)', () => {
  it('is off when no variable is set, so a process pays nothing', () => {
    expect(tracingConfigFromEnv({}, 'svc')).toEqual({ exporter: 'none', serviceName: 'svc' });
  });

  it('exports over OTLP when an endpoint is set, and names the service from OTEL_SERVICE_NAME', () => {
    expect(tracingConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SERVICE_NAME: 'mail-in' }, 'svc')).toEqual({
      exporter: 'otlp',
      serviceName: 'mail-in',
    });
    expect(tracingConfigFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector.example/v1/traces' }, 'svc').exporter).toBe('otlp');
  });

  it('follows OTEL_TRACES_EXPORTER, and OTEL_SDK_DISABLED wins over everything', () => {
    expect(tracingConfigFromEnv({ OTEL_TRACES_EXPORTER: 'console' }, 'svc').exporter).toBe('console');
    expect(tracingConfigFromEnv({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' }, 'svc').exporter).toBe('none');
    expect(tracingConfigFromEnv({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' }, 'svc').exporter).toBe('none');
  });

  it('refuses unusable values, naming the variable and what it accepts', () => {
    expect(() => tracingConfigFromEnv({ OTEL_TRACES_EXPORTER: 'zipkin' }, 'svc')).toThrow(
      new TracingConfigError('OTEL_TRACES_EXPORTER', 'must be one of otlp, console, none, got "zipkin"'),
    );
    expect(() => tracingConfigFromEnv({ OTEL_SDK_DISABLED: 'maybe' }, 'svc')).toThrow(/OTEL_SDK_DISABLED must be true or false/);
    expect(() => tracingConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'svc')).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/,
    );
  });
});
