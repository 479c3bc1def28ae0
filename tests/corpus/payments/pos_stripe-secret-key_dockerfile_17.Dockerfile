FROM python:3.12-slim
WORKDIR /app
ENV STRIPE_SECRET_KEY=sk_live_{{rand:alnum:99}}
CMD ["python", "app.py"]
