// The package's types as a TypeScript user meets them: `tsc --noEmit` must accept this file.
import { init, verify, verifyFrame, type VerifyOptions } from 'giroscope';

const options: VerifyOptions = { lang: 'en', name: 'notice.jpg', payees: 'DE02120300000000202051,Stadtkasse\n' };

export async function check(bytes: Uint8Array, frame: Uint8ClampedArray): Promise<string[]> {
    await init();
    const report: string = await verify(bytes, options);
    const live: string = await verifyFrame(frame, 1280, 720, { lang: 'de' });
    return [report, live];
}
