FROM python:3.12-slim
WORKDIR /app
ENV SWARM_JOIN_TOKEN=${SWARM_JOIN_TOKEN}
CMD ["python", "app.py"]
