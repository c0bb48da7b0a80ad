import { createApp } from 'vue';
import './bigscreen.css';
import App from './App.vue';

createApp(App).mount('#app');
