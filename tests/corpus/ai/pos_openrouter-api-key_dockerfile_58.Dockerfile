FROM python:3.12-slim
WORKDIR /app
ENV OPENROUTER_API_KEY=sk-or-v1-{{rand:hex:64}}
CMD ["python", "app.py"]
