import { Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { renderResources, sizeToQuantity } from '../../lib/common/resources';

/** The string each k8s.Quantity holds, so rendered requirements compare as plain data. */
function values(quantities: { [key: string]: k8s.Quantity } | undefined): { [key: string]: string | number } | undefined {
  if (quantities === undefined) {
    return undefined;
  }
  return Object.fromEntries(Object.entries(quantities).map(([key, quantity]) => [key, quantity.value]));
}

describe('sizeToQuantity', () => {
  test.each([
    [Size.gibibytes(1), '1Gi'],
    [Size.mebibytes(512), '512Mi'],
    [Size.mebibytes(1536), '1536Mi'],
    [Size.mebibytes(1024), '1Gi'],
    [Size.gibibytes(1024), '1Ti'],
    [Size.tebibytes(2), '2Ti'],
    [Size.kibibytes(3), '3Ki'],
    [Size.kibibytes(1025), '1025Ki'],
    [Size.gibibytes(10), '10Gi'],
    [Size.pebibyte(1), '1024Ti'],
  ])('renders %s as %j', (size, expected) => {
    expect(sizeToQuantity(size)).toBe(expected);
  });

  test('renders less than one kibibyte as plain bytes', () => {
    expect(sizeToQuantity(Size.kibibytes(0.5))).toBe('512');
  });

  test('renders a fraction of a unit with the next smaller unit', () => {
    expect(sizeToQuantity(Size.gibibytes(1.5))).toBe('1536Mi');
    expect(sizeToQuantity(Size.kibibytes(1.5))).toBe('1536');
  });
});

describe('renderResources', () => {
  test('renders every request and limit, with cdk8s-plus CPU amounts as they are', () => {
    const rendered = renderResources({
      cpu: { request: Cpu.millis(250), limit: Cpu.units(2) },
      memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) },
      ephemeralStorage: { request: Size.gibibytes(1), limit: Size.mebibytes(1536) },
    });
    expect(values(rendered.requests)).toEqual({ 'cpu': '250m', 'memory': '512Mi', 'ephemeral-storage': '1Gi' });
    expect(values(rendered.limits)).toEqual({ 'cpu': '2', 'memory': '1Gi', 'ephemeral-storage': '1536Mi' });
  });

  test('returns k8s.Quantity objects', () => {
    const rendered = renderResources({ cpu: { request: Cpu.millis(250) } });
    expect(rendered.requests!.cpu).toBeInstanceOf(k8s.Quantity);
  });

  test('omits limits when only requests are given', () => {
    const rendered = renderResources({ cpu: { request: Cpu.millis(100) }, memory: { request: Size.mebibytes(256) } });
    expect(values(rendered.requests)).toEqual({ cpu: '100m', memory: '256Mi' });
    expect(rendered.limits).toBeUndefined();
  });

  test('omits requests when only limits are given', () => {
    const rendered = renderResources({ memory: { limit: Size.gibibytes(2) } });
    expect(rendered.requests).toBeUndefined();
    expect(values(rendered.limits)).toEqual({ memory: '2Gi' });
  });

  test('omits both when nothing is given', () => {
    expect(renderResources({})).toEqual({ requests: undefined, limits: undefined });
    expect(renderResources({ cpu: {}, memory: {}, ephemeralStorage: {} })).toEqual({ requests: undefined, limits: undefined });
  });

  test('renders to the JSON a manifest carries', () => {
    const rendered = renderResources({ cpu: { request: Cpu.millis(250) }, memory: { limit: Size.gibibytes(1) } });
    expect(k8s.toJson_ResourceRequirements(rendered)).toEqual({
      requests: { cpu: '250m' },
      limits: { memory: '1Gi' },
    });
  });
});
