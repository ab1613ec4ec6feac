/** Who a GPU adapter says it is (WebGPU's `GPUAdapterInfo`), for the backend report. */
export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}

/** `vendor architecture device, description`, or what there is of it. */
export function adapterName(a: AdapterDescription): string {
  const name = [a.vendor, a.architecture, a.device].filter(Boolean).join(' ');
  const full = a.description && a.description !== name ? `${name}${name ? ', ' : ''}${a.description}` : name;
  return full || 'unnamed adapter';
}
