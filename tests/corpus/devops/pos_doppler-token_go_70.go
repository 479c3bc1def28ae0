package config

// DopplerToken is used by the worker.
const DopplerToken = "dp.st.{{rand:alnum:43}}"
