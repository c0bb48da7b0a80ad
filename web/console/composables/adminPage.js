// adminPage.js - the plumbing every admin list page repeats: a list
// loaded from the API, a dialog form that validates and saves, and one-shot
// row actions (toggle, delete, revert). Server errors are already shown by
// the API client (api.js), so failures here only stop the flow.
import { ref } from 'vue';
import { ElMessage } from 'element-plus';

// items: what fetch() resolves to; an empty list when it fails.
export function useRemoteList(fetch) {
  const items = ref([]);
  const loading = ref(false);
  async function reload() {
    loading.value = true;
    try {
      items.value = await fetch();
    } catch {
      items.value = [];
    } finally {
      loading.value = false;
    }
  }
  return { items, loading, reload };
}

// save(send): validates the form, runs send() with the saving flag up and
// shows the message it returns. true when it went through.
export function useFormDialog(formRef) {
  const open = ref(false);
  const saving = ref(false);
  function show() {
    formRef.value?.clearValidate();
    open.value = true;
  }
  async function save(send) {
    try {
      await formRef.value.validate();
    } catch {
      return false;
    }
    saving.value = true;
    try {
      const message = await send();
      if (message) ElMessage({ type: 'success', message });
      open.value = false;
      return true;
    } catch {
      return false;
    } finally {
      saving.value = false;
    }
  }
  return { open, saving, show, save };
}

// A row action: send(), then its success message and then(), usually the
// list's reload.
export async function rowAction(send, message, then) {
  try {
    await send();
  } catch {
    return false;
  }
  ElMessage({ type: 'success', message });
  if (then) await then();
  return true;
}
