import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { RecordsPageComponent } from './app/records-page.component';

bootstrapApplication(RecordsPageComponent, { providers: [provideZonelessChangeDetection()] }).catch((error: unknown) => console.error(error));
