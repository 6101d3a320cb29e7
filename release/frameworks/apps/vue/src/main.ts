import 'healthex-connect/vue'; // defines <healthex-connect> and types it in templates (GlobalComponents)
import { createApp } from 'vue';
import RecordsPage from './RecordsPage.vue';

createApp(RecordsPage).mount('#app');
