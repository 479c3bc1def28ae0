FROM python:3.12-slim
WORKDIR /app
ENV SWARM_JOIN_TOKEN=SWMTKN-1-{{rand:0-9a-z:50}}-{{rand:0-9a-z:25}}
CMD ["python", "app.py"]
