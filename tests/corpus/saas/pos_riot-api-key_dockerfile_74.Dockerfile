FROM python:3.12-slim
WORKDIR /app
ENV RIOT_API_KEY=RGAPI-{{rand:hex:8}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:12}}
CMD ["python", "app.py"]
