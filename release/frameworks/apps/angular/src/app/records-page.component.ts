import 'healthex-connect'; // defines <healthex-connect>; its events type $event (HTMLElementEventMap)
import { Component, CUSTOM_ELEMENTS_SCHEMA, signal } from '@angular/core';
import type { HealthexStatusChangeEvent } from 'healthex-connect';
import { fetchConnectToken } from './connect-token';

declare const HEALTHEX_API_BASE: string; // set at build time (`ng build --define`)

@Component({
  selector: 'app-records-page',
  // <healthex-connect> is a custom element: Angular passes its bindings through to the element.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>Connect your medical records</h1>
      <p [attr.data-host-state]="state()">Records: {{ state() }}</p>
      <!-- #widget is the element itself (typed HealthexConnect); open() inside the click handler -->
      <button type="button" (click)="widget.open()">Connect with HealthEx</button>
      <healthex-connect
        #widget
        [attr.api-base]="apiBase"
        [tokenProvider]="tokenProvider"
        (healthex-status-change)="onStatusChange($event)"
      ></healthex-connect>
    </main>
  `,
})
export class RecordsPageComponent {
  readonly apiBase = HEALTHEX_API_BASE;
  readonly tokenProvider = fetchConnectToken;
  readonly state = signal('checking');

  onStatusChange(event: HealthexStatusChangeEvent): void {
    this.state.set(event.detail.status.state);
  }
}
