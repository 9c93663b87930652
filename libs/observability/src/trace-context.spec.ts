import { acceptTraceContext } from './request-context';

describe('acceptTraceContext', () => {
  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('keeps a well-formed traceparent and a printable tracestate', () => {
    expect(acceptTraceContext(traceparent, 'vendor=abc')).toEqual({ traceparent, tracestate: 'vendor=abc' });
    expect(acceptTraceContext(traceparent, undefined)).toEqual({ traceparent });
  });

  it('passes nothing on for a malformed traceparent, and drops an unprintable tracestate', () => {
    expect(acceptTraceContext('00-xyz-00f067aa0ba902b7-01', undefined)).toBeUndefined();
    expect(acceptTraceContext([traceparent], undefined)).toBeUndefined();
    expect(acceptTraceContext(traceparent, 'a=b\nc')).toEqual({ traceparent });
  });
});
