const config = {
  region: "eu-west-1",
  gitlabTriggerToken: "{{ .Values.gitlabTriggerToken }}",
};
module.exports = config;
