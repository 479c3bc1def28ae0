const config = {
  region: "eu-west-1",
  hubspotAccessToken: "pat-na1-{{rand:hex:8}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:12}}",
};
module.exports = config;
