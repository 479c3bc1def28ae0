const config = {
  region: "eu-west-1",
  dopplerToken: "dp.st.{{rand:alnum:43}}",
};
module.exports = config;
