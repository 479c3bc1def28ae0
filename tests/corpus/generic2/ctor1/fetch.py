import requests

resp = requests.get(URL, auth=("api", "{{rand:alnum:24}}"))
