FROM python:3.12-slim
WORKDIR /app
ENV VERCEL_TOKEN=vcp_{{rand:alnum:56}}
CMD ["python", "app.py"]
