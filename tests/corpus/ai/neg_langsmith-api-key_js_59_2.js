const config = {
  region: "eu-west-1",
  langsmithApiKey: "{{ .Values.langsmithApiKey }}",
};
module.exports = config;
