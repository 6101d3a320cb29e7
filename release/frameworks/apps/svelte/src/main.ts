import 'healthex-connect/svelte'; // defines <healthex-connect> and types it in markup (svelte/elements)
import { mount } from 'svelte';
import RecordsPage from './RecordsPage.svelte';

mount(RecordsPage, { target: document.getElementById('app')! });
