/// <reference types="mocha" />
import { expect } from 'chai';
import { FakeUser, STATUSES, bannerText, cleanup, expectAccessible, mount } from './testing/helpers.js';

describe('<healthex-connect> smoke', () => {
  afterEach(cleanup);

  it('is accessible when not connected', async () => {
    const user = await new FakeUser().setup({ status: STATUSES.not_connected });
    const el = await mount({ user });
    await expectAccessible(el);
    expect(bannerText(el)).to.contain('Records not yet connected');
  });
});
